using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using ServiceHall.Cases.Data;
using ServiceHall.Cases.Grpc;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Cases;

public static class CasesServiceExtensions
{
    /// <summary>The cases service: its database and (empty) gRPC endpoint.</summary>
    public static IHostApplicationBuilder AddCasesService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceDatabase<CasesDbContext>(InfrastructureNames.Services.Cases);
        return builder;
    }

    public static WebApplication MapCasesService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<CasesGrpcService>();
        return app;
    }
}
