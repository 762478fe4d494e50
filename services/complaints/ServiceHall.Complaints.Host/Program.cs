using ServiceHall.Complaints;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(InfrastructureNames.Services.Complaints);
builder.AddComplaintsService();
builder.AddServiceHallMessaging();

var app = builder.Build();
app.MapServiceDefaults();
app.MapComplaintsService();
await app.RunServiceHallAsync();
