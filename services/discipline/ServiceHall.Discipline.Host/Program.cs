using ServiceHall.Discipline;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(InfrastructureNames.Services.Discipline);
builder.AddDisciplineService();
builder.AddServiceHallMessaging();

var app = builder.Build();
app.MapServiceDefaults();
app.MapDisciplineService();
await app.RunServiceHallAsync();
