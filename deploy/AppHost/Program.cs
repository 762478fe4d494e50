// The system map of a local distributed run. Containers cannot run on these machines, so the servers are
// executables from Debian's packages, started by deploy/scripts/infra.sh with data folders under .servicehall/.
using ServiceHall.ServiceDefaults;
using Ports = ServiceHall.ServiceDefaults.InfrastructureNames.Ports;
using Services = ServiceHall.ServiceDefaults.InfrastructureNames.Services;

var builder = DistributedApplication.CreateBuilder(args);
var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
var infra = Path.Combine(root, "deploy", "scripts", "infra.sh");
var data = Path.Combine(root, ".servicehall", "apphost");

IResourceBuilder<ExecutableResource> Server(string kind, int port) =>
    builder.AddExecutable(kind, "bash", root, infra, kind, "run", Path.Combine(data, kind), port.ToString(
        System.Globalization.CultureInfo.InvariantCulture));

var postgres = Server("postgres", Ports.Postgres);
var rabbitmq = Server("rabbitmq", Ports.RabbitMq);
var redis = Server("redis", Ports.Redis);

void Service<TProject>(string name, int port) where TProject : IProjectMetadata, new()
{
    string database = $"Host=127.0.0.1;Port={Ports.Postgres};Username=postgres;Database=servicehall_{name}";
    string amqp = $"amqp://guest:guest@127.0.0.1:{Ports.RabbitMq}/";
    string redisServer = $"127.0.0.1:{Ports.Redis}";
    // The hosts' appsettings bind Kestrel to the service's port (5101-5104): Aspire neither rewrites that endpoint
    // nor proxies it, so clients reach the same port with or without the AppHost.
    builder.AddProject<TProject>(name, options =>
        {
            options.ExcludeLaunchProfile = true;
            options.ExcludeKestrelEndpoints = true;
        })
        .WithHttpEndpoint(port: port, name: "grpc", isProxied: false)
        .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
        .WithEnvironment($"ConnectionStrings__{InfrastructureNames.DatabaseOf(name)}", database)
        .WithEnvironment($"ConnectionStrings__{InfrastructureNames.RabbitMq}", amqp)
        .WithEnvironment($"ConnectionStrings__{InfrastructureNames.Redis}", redisServer)
        .WaitFor(postgres).WaitFor(rabbitmq).WaitFor(redis);
}

Service<Projects.ServiceHall_Attendance_Host>(Services.Attendance, Ports.Attendance);
Service<Projects.ServiceHall_Cases_Host>(Services.Cases, Ports.Cases);
Service<Projects.ServiceHall_Complaints_Host>(Services.Complaints, Ports.Complaints);
Service<Projects.ServiceHall_Discipline_Host>(Services.Discipline, Ports.Discipline);

await builder.Build().RunAsync();
