using ServiceHall.Cases;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(InfrastructureNames.Services.Cases);
builder.AddCasesService();
builder.AddServiceHallMessaging();

var app = builder.Build();
app.MapServiceDefaults();
app.MapCasesService();
await app.RunServiceHallAsync();
