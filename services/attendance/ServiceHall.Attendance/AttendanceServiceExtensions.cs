using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ServiceHall.Attendance.Application;
using ServiceHall.Attendance.Cache;
using ServiceHall.Attendance.Data;
using ServiceHall.Attendance.Domain;
using ServiceHall.Attendance.Events;
using ServiceHall.Attendance.Grpc;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.Attendance;

public static class AttendanceServiceExtensions
{
    /// <summary>The attendance service: its database, rules, live window status cache and gRPC endpoint.</summary>
    public static IHostApplicationBuilder AddAttendanceService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceDatabase<AttendanceDbContext>(InfrastructureNames.Services.Attendance);
        builder.Services.Configure<WorkSchedule>(builder.Configuration.GetSection(WorkSchedule.Section));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<WorkSchedule>>().Value);
        builder.Services.AddSingleton<PunchTimePolicy>();
        if (builder.Configuration.GetServiceHallMode() == ServiceHallMode.Distributed)
        {
            builder.Services.AddSingleton<RedisWindowStatusCache>();
            builder.Services.AddSingleton<RedisWindowStatusFeed>();
            builder.Services.AddSingleton<IWindowStatusFeed>(sp => sp.GetRequiredService<RedisWindowStatusFeed>());
            // Attendance:LocalStatusCacheTime (default 2 s; zero: every read goes to Redis).
            var keepFor = builder.Configuration.GetValue("Attendance:LocalStatusCacheTime", TimeSpan.FromSeconds(2));
            builder.Services.AddSingleton<IWindowStatusCache>(sp => new LocalWindowStatusCache(
                sp.GetRequiredService<RedisWindowStatusCache>(), sp.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(),
                sp.GetRequiredService<RedisWindowStatusFeed>().ChannelOf(
                    sp.GetRequiredService<IOptions<ServiceHall.ServiceDefaults.Hosting.HallOptions>>().Value.HallId),
                keepFor));
        }
        else
        {
            builder.Services.AddSingleton<IWindowStatusCache, InMemoryWindowStatusCache>();
            builder.Services.AddSingleton<IWindowStatusFeed, InMemoryWindowStatusFeed>();
        }
        builder.Services.AddScoped<OrganisationDesk>();
        builder.Services.AddScoped<ClientDesk>();
        builder.Services.AddScoped<RegistryDesk>();
        builder.AddStaffRegistry<RegistryDesk>();
        builder.Services.AddScoped<PunchDesk>();
        builder.Services.AddScoped<WindowStatusDesk>();
        builder.Services.AddScoped<WindowWatchDesk>();
        builder.Services.Configure<WatchOptions>(builder.Configuration.GetSection(WatchOptions.Section));
        builder.Services.AddSingleton<WatchLimits>();
        builder.Services.AddSingleton<StaffingRule>();
        builder.Services.AddScoped<RosterDesk>();
        builder.Services.AddScoped<AttendanceDayDesk>();
        builder.Services.AddScoped<DayCheck>();
        builder.Services.AddScoped<CorrectionDesk>();
        builder.Services.AddSingleton<LeaveCoverageRule>();
        builder.Services.AddScoped<LeaveDesk>();
        builder.Services.AddScoped<OutingDesk>();
        builder.Services.AddScoped<UnstaffedWindowCheck>();
        builder.Services.AddScoped<ClosureDesk>();
        builder.Services.AddScoped<AttendanceReportDesk>();
        builder.Services.AddScoped<HallDutyDesk>();
        builder.Services.AddScoped<WeeklySummaryCheck>();
        builder.Services.AddHostedService<WeeklySummaryJob>();
        const string service = InfrastructureNames.Services.Attendance;
        builder.AddEventConsumer<ServiceStartedConsumer>(service);
        builder.AddEventConsumer<ServiceFinishedConsumer>(service);
        builder.AddEventConsumer<WindowPausedConsumer>(service);
        builder.AddEventConsumer<WindowResumedConsumer>(service);
        builder.AddEventConsumer<TicketTransferredConsumer>(service);
        builder.Services.AddHostedService<DayCheckJob>();
        return builder;
    }

    public static WebApplication MapAttendanceService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<AttendanceGrpcService>();
        return app;
    }
}
