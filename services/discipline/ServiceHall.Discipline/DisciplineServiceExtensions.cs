using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceHall.Discipline.Application;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.Discipline.Events;
using ServiceHall.Discipline.Grpc;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.Discipline;

public static class DisciplineServiceExtensions
{
    /// <summary>The discipline service: its database, the rulebook, the attendance consumers and gRPC endpoint.</summary>
    public static IHostApplicationBuilder AddDisciplineService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        const string service = InfrastructureNames.Services.Discipline;
        builder.AddServiceDatabase<DisciplineDbContext>(service);
        builder.Services.AddHostedService<RulebookSeeder>();
        builder.Services.AddScoped<RulebookDesk>();
        builder.Services.AddScoped<InspectionDesk>();
        builder.Services.AddScoped<SanctionDesk>();
        builder.Services.AddScoped<StaffFileDesk>();
        builder.Services.AddScoped<RegistryDesk>();
        builder.AddStaffRegistry<RegistryDesk>();
        builder.Services.AddScoped<ViolationDesk>();
        builder.Services.AddSingleton<RulebookCache>();
        builder.AddEventConsumer<StaffLateConsumer>(service);
        builder.AddEventConsumer<StaffLeftEarlyConsumer>(service);
        builder.AddEventConsumer<StaffOffPostConsumer>(service);
        builder.AddEventConsumer<AttendanceFactWithdrawnConsumer>(service);
        builder.AddEventConsumer<CaseOverdueConsumer>(service);
        builder.AddEventConsumer<UnitRegisteredConsumer>(service);
        builder.AddEventConsumer<StaffRegisteredConsumer>(service);
        builder.AddEventConsumer<ComplaintVerifiedConsumer>(service);
        builder.AddEventConsumer<StaffAbsentConsumer>(service);
        builder.AddEventConsumer<OneTimeNoticeViolatedConsumer>(service);
        builder.Services.AddScoped<BriefDesk>();
        builder.AddEventConsumer<ServiceFinishedBriefConsumer>(service);
        builder.AddEventConsumer<CaseAcceptedBriefConsumer>(service);
        builder.AddEventConsumer<CaseCompletedBriefConsumer>(service);
        builder.AddEventConsumer<CaseOverdueBriefConsumer>(service);
        builder.AddEventConsumer<ReviewSubmittedBriefConsumer>(service);
        builder.AddEventConsumer<ComplaintVerifiedBriefConsumer>(service);
        builder.AddEventConsumer<WindowUnitConsumer>(service);
        builder.Services.AddScoped<AwardDesk>();
        builder.AddEventConsumer<ReviewFactConsumer>(service);
        builder.AddEventConsumer<ReviewExcludedConsumer>(service);
        return builder;
    }

    public static WebApplication MapDisciplineService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<DisciplineGrpcService>();
        return app;
    }
}
