using ServiceHall.Attendance;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(InfrastructureNames.Services.Attendance);
builder.AddAttendanceService();
builder.AddServiceHallMessaging();

var app = builder.Build();
app.MapServiceDefaults();
app.MapAttendanceService();
await app.RunServiceHallAsync();
