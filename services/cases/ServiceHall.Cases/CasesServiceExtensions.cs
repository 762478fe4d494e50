using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ServiceHall.Cases.Application;
using ServiceHall.Cases.Data;
using ServiceHall.Cases.Events;
using ServiceHall.Cases.Grpc;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Messaging;
using ServiceHall.ServiceDefaults.Privacy;

namespace ServiceHall.Cases;

public static class CasesServiceExtensions
{
    /// <summary>The cases service: its database, catalogue, tickets and calling, the windows' items, gRPC endpoint.</summary>
    public static IHostApplicationBuilder AddCasesService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        const string service = InfrastructureNames.Services.Cases;
        builder.AddServiceDatabase<CasesDbContext>(service);
        builder.Services.AddScoped<CatalogueDesk>();
        builder.Services.AddScoped<TicketDesk>();
        builder.Services.Configure<CasesOptions>(builder.Configuration.GetSection(CasesOptions.Section));
        builder.AddPersonalDataProtection<CasesDbContext>();
        builder.Services.AddScoped<ISealedDataMover<CasesDbContext>, CaseSealedDataMover>();
        builder.Services.AddScoped<IntakeDesk>();
        builder.Services.AddScoped<ApprovalDesk>();
        builder.Services.AddScoped<CaseLookupDesk>();
        builder.Services.AddScoped<RegistryDesk>();
        builder.AddStaffRegistry<RegistryDesk>();
        builder.Services.AddScoped<DeadlineCheck>();
        builder.Services.AddScoped<CaseReportDesk>();
        builder.Services.AddHostedService<CaseDeadlineJob>();
        builder.AddEventConsumer<WindowServiceItemsSetConsumer>(service);
        builder.AddStaffRegistryCopy<CasesDbContext>(service);
        builder.AddClientRegistryCopy<CasesDbContext>(service);
        return builder;
    }

    public static WebApplication MapCasesService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<CasesGrpcService>();
        return app;
    }
}
