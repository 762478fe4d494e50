namespace ServiceHall.ServiceDefaults;

/// <summary>
/// Every infrastructure name in one place: connection names, queues, ports, configuration keys.
/// Hosts, the AppHost and the tests use these, never their own strings.
/// </summary>
public static class InfrastructureNames
{
    /// <summary>Connection string name of the RabbitMQ broker (an amqp:// URI).</summary>
    public const string RabbitMq = "rabbitmq";

    /// <summary>Connection string name of Redis (StackExchange.Redis configuration string).</summary>
    public const string Redis = "redis";

    /// <summary>The four services; also their database connection names (<c>attendance-db</c>, ...).</summary>
    public static class Services
    {
        public const string Attendance = "attendance";
        public const string Cases = "cases";
        public const string Complaints = "complaints";
        public const string Discipline = "discipline";
        public const string Standalone = "standalone";
    }

    /// <summary>The connection string name of a service's database.</summary>
    public static string DatabaseOf(string service) => $"{service}-db";

    /// <summary>
    /// The connection string name of the role that owns a service's schema (optional): start-up creates and upgrades the
    /// schema as it and grants the service's own role only what it needs.
    /// </summary>
    public static string DatabaseOwnerOf(string service) => $"{service}-db-owner";

    /// <summary>The receive queue of a service: competing consumers across its instances.</summary>
    public static string QueueOf(string service) => $"servicehall.{service}";

    /// <summary>Loopback ports (DESIGN.md §6).</summary>
    public static class Ports
    {
        public const int Standalone = 5100;
        public const int Attendance = 5101;
        public const int Cases = 5102;
        public const int Complaints = 5103;
        public const int Discipline = 5104;
        public const int DashboardUi = 18888;
        public const int OtlpGrpc = 4317;
        public const int OtlpHttp = 4318;
        public const int Postgres = 15432;
        public const int RabbitMq = 15672;
        public const int Redis = 16379;
    }

    /// <summary>Configuration keys.</summary>
    public static class Config
    {
        /// <summary><c>Distributed</c> (default: PostgreSQL, RabbitMQ, Redis) or <c>Standalone</c> (SQLite, in-memory).</summary>
        public const string Mode = "ServiceHall:Mode";

        /// <summary>Folder of the SQLite files in standalone mode (default <c>data</c>).</summary>
        public const string DataFolder = "ServiceHall:DataFolder";

        public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    }
}
