using ServiceHall.Attendance;
using ServiceHall.Cases;
using ServiceHall.Complaints;
using ServiceHall.Discipline;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(InfrastructureNames.Services.Standalone);
builder.AddAttendanceService();
builder.AddCasesService();
builder.AddComplaintsService();
builder.AddDisciplineService();
builder.AddServiceHallMessaging();

var app = builder.Build();
app.MapServiceDefaults();
app.MapAttendanceService();
app.MapCasesService();
app.MapComplaintsService();
app.MapDisciplineService();
app.Run();
