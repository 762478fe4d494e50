using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using ServiceHall.Complaints.Data;
using ServiceHall.Complaints.Grpc;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Complaints;

public static class ComplaintsServiceExtensions
{
    /// <summary>The complaints service: its database and (empty) gRPC endpoint.</summary>
    public static IHostApplicationBuilder AddComplaintsService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceDatabase<ComplaintsDbContext>(InfrastructureNames.Services.Complaints);
        return builder;
    }

    public static WebApplication MapComplaintsService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<ComplaintsGrpcService>();
        return app;
    }
}
