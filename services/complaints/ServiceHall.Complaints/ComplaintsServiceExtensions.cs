using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceHall.Complaints.Application;
using ServiceHall.Complaints.Data;
using ServiceHall.Complaints.Events;
using ServiceHall.Complaints.Grpc;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Messaging;
using ServiceHall.ServiceDefaults.Privacy;

namespace ServiceHall.Complaints;

public static class ComplaintsServiceExtensions
{
    /// <summary>The complaints service: complaints, reviews with rectification and appeal, suggestions, figures.</summary>
    public static IHostApplicationBuilder AddComplaintsService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        const string service = InfrastructureNames.Services.Complaints;
        builder.AddServiceDatabase<ComplaintsDbContext>(service);
        builder.AddPersonalDataProtection<ComplaintsDbContext>();
        builder.Services.AddScoped<ISealedDataMover<ComplaintsDbContext>, ComplaintSealedDataMover>();
        builder.Services.AddScoped<ISealedDataMover<ComplaintsDbContext>, ReviewSealedDataMover>();
        builder.Services.AddScoped<ISealedDataMover<ComplaintsDbContext>, SuggestionSealedDataMover>();
        builder.Services.Configure<ComplaintsOptions>(builder.Configuration.GetSection(ComplaintsOptions.Section));
        builder.Services.AddScoped<SubmissionLimit>();
        builder.Services.AddScoped<ComplaintDesk>();
        builder.Services.AddScoped<RegistryDesk>();
        builder.Services.AddScoped<ReviewDesk>();
        builder.Services.AddScoped<SuggestionDesk>();
        builder.Services.AddScoped<QualityReportDesk>();
        builder.Services.AddHostedService<ComplaintEscalationJob>();
        builder.AddEventConsumer<ServiceFinishedConsumer>(service);
        builder.AddEventConsumer<CaseCompletedConsumer>(service);
        builder.AddEventConsumer<WindowUnitConsumer>(service);
        builder.AddClientRegistryCopy<ComplaintsDbContext>(service);
        builder.AddStaffRegistryCopy<ComplaintsDbContext>(service);
        builder.AddStaffRegistry<RegistryDesk>();
        return builder;
    }

    public static WebApplication MapComplaintsService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<ComplaintsGrpcService>();
        return app;
    }
}
