using ServiceHall.ServiceDefaults;

namespace ServiceHall.Testing;

/// <summary>The four services as processes on the given PostgreSQL, RabbitMQ and Redis (one database each).</summary>
public static class SuiteProcesses
{
    public static ServiceProcess Attendance(SuiteServers servers, IDictionary<string, string>? extra = null, string prefix = "",
        TestCertificates? tls = null) =>
        Create(InfrastructureNames.Services.Attendance, "services/attendance/ServiceHall.Attendance.Host", servers, extra, prefix, tls);

    public static ServiceProcess Cases(SuiteServers servers, IDictionary<string, string>? extra = null, string prefix = "",
        TestCertificates? tls = null) =>
        Create(InfrastructureNames.Services.Cases, "services/cases/ServiceHall.Cases.Host", servers, extra, prefix, tls);

    public static ServiceProcess Complaints(SuiteServers servers, IDictionary<string, string>? extra = null, string prefix = "",
        TestCertificates? tls = null) =>
        Create(InfrastructureNames.Services.Complaints, "services/complaints/ServiceHall.Complaints.Host", servers, extra, prefix, tls);

    public static ServiceProcess Discipline(SuiteServers servers, IDictionary<string, string>? extra = null, string prefix = "",
        TestCertificates? tls = null) =>
        Create(InfrastructureNames.Services.Discipline, "services/discipline/ServiceHall.Discipline.Host", servers, extra, prefix, tls);

    private static ServiceProcess Create(string service, string folder, SuiteServers servers,
        IDictionary<string, string>? extra, string prefix, TestCertificates? tls)
    {
        var environment = new Dictionary<string, string>(extra ?? new Dictionary<string, string>())
        {
            [$"ConnectionStrings__{InfrastructureNames.DatabaseOf(service)}"] = servers.Postgres.ServiceConnectionString(service, $"servicehall_{service}"),
            [$"ConnectionStrings__{InfrastructureNames.DatabaseOwnerOf(service)}"] = servers.Postgres.OwnerConnectionString(service, $"servicehall_{service}"),
            [$"ConnectionStrings__{InfrastructureNames.RabbitMq}"] = servers.RabbitMq.ConnectionString(),
            [$"ConnectionStrings__{InfrastructureNames.Redis}"] = servers.Redis.ServiceConnectionString(service),
        };
        return new ServiceProcess(prefix + service, folder, environment, tls);
    }
}

/// <summary>The three servers a distributed suite runs on.</summary>
public sealed record SuiteServers(InfraServer Postgres, InfraServer RabbitMq, InfraServer Redis);
