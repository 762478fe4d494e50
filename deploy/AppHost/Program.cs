// The system map of a local distributed run. Containers cannot run on these machines, so the servers are
// executables from Debian's packages, started by deploy/scripts/infra.sh with data folders under .servicehall/.
//
// Two profiles (deploy/AppHost/Properties/launchSettings.json):
//   apphost          the services in Development: plaintext, development keys, the servers' default users
//   production-like  the services in Production: a run's own secrets (.servicehall/apphost-production/secrets.json,
//                    made once, readable by its owner only), passwords on every server, one least-privilege user per
//                    service on each (infra.sh ... users), and nothing Development-only.
using ServiceHall.AppHost;
using ServiceHall.ServiceDefaults;
using Ports = ServiceHall.ServiceDefaults.InfrastructureNames.Ports;
using Services = ServiceHall.ServiceDefaults.InfrastructureNames.Services;

var builder = DistributedApplication.CreateBuilder(args);
var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
var infra = Path.Combine(root, "deploy", "scripts", "infra.sh");
var productionLike = string.Equals(builder.Configuration["ServiceHall:Profile"], "production-like", StringComparison.OrdinalIgnoreCase);
var data = Path.Combine(root, ".servicehall", productionLike ? "apphost-production" : "apphost");
var secrets = productionLike ? LocalSecrets.Load(Path.Combine(data, "secrets.json")) : null;
string[] services = [Services.Attendance, Services.Cases, Services.Complaints, Services.Discipline];
// The production-like servers on ports of their own (+10000): never the developer's servers, nor a RabbitMQ node of the
// same name still shutting down from the other profile.
var (pgPort, mqPort, redisPort) = productionLike
    ? (Ports.Postgres + 10000, Ports.RabbitMq + 10000, Ports.Redis + 10000)
    : (Ports.Postgres, Ports.RabbitMq, Ports.Redis);

// What infra.sh needs to set the servers' passwords and create the service users (production-like only).
IResourceBuilder<ExecutableResource> WithServerSecrets(IResourceBuilder<ExecutableResource> resource)
{
    if (secrets is null)
        return resource;
    resource.WithEnvironment("SERVICEHALL_PG_PASSWORD", secrets["postgres"])
        .WithEnvironment("SERVICEHALL_RABBITMQ_USER", "servicehall-admin")
        .WithEnvironment("SERVICEHALL_RABBITMQ_PASSWORD", secrets["rabbitmq"])
        .WithEnvironment("SERVICEHALL_REDIS_PASSWORD", secrets["redis"]);
    foreach (var service in services)
        resource.WithEnvironment($"SERVICEHALL_PASSWORD_{service.ToUpperInvariant()}", secrets[service]);
    return resource;
}

IResourceBuilder<ExecutableResource> Server(string kind, int port) =>
    WithServerSecrets(builder.AddExecutable(kind, "bash", root, infra, kind, "run", Path.Combine(data, kind), port.ToString(
        System.Globalization.CultureInfo.InvariantCulture)));

// The service users, once the server answers (production-like only).
IResourceBuilder<ExecutableResource>? Users(string kind, int port, IResourceBuilder<ExecutableResource> server) =>
    secrets is null
        ? null
        : WithServerSecrets(builder.AddExecutable($"{kind}-users", "bash", root, infra, kind, "users", Path.Combine(data, kind),
            port.ToString(System.Globalization.CultureInfo.InvariantCulture))).WaitFor(server);

var postgres = Server("postgres", pgPort);
var rabbitmq = Server("rabbitmq", mqPort);
var redis = Server("redis", redisPort);
var users = new[] { Users("postgres", pgPort, postgres), Users("rabbitmq", mqPort, rabbitmq), Users("redis", redisPort, redis) };

// The topology step: every service's queue and bindings declared before any service starts, so nothing published in
// the first seconds misses a consumer that is still starting (Messaging/TopologyDeployment.cs).
var topology = new List<IResourceBuilder<ProjectResource>>();

IResourceBuilder<ProjectResource> Service<TProject>(string name, int port, bool deployTopologyOnly = false)
    where TProject : IProjectMetadata, new()
{
    var database = secrets is null
        ? $"Host=127.0.0.1;Port={pgPort};Username=postgres;Database=servicehall_{name}"
        : $"Host=127.0.0.1;Port={pgPort};Username=servicehall_{name};Password={secrets[name]};Database=servicehall_{name}";
    var amqp = secrets is null
        ? $"amqp://guest:guest@127.0.0.1:{mqPort}/"
        : $"amqp://servicehall-{name}:{secrets[name]}@127.0.0.1:{mqPort}/";
    var redisServer = secrets is null
        ? $"127.0.0.1:{redisPort}"
        : $"127.0.0.1:{redisPort},user=servicehall-{name},password={secrets[name]}";
    // The hosts' appsettings bind Kestrel to the service's port (5101-5104): Aspire neither rewrites that endpoint
    // nor proxies it, so clients reach the same port with or without the AppHost.
    var project = builder.AddProject<TProject>(deployTopologyOnly ? $"{name}-topology" : name, options =>
        {
            options.ExcludeLaunchProfile = true;
            options.ExcludeKestrelEndpoints = true;
        });
    if (deployTopologyOnly)
        project.WithEnvironment("ServiceHall__DeployTopologyOnly", "true");
    else
        project.WithHttpEndpoint(port: port, name: "grpc", isProxied: false);
    project.WithEnvironment("ASPNETCORE_ENVIRONMENT", secrets is null ? "Development" : "Production")
        .WithEnvironment($"ConnectionStrings__{InfrastructureNames.DatabaseOf(name)}", database)
        .WithEnvironment($"ConnectionStrings__{InfrastructureNames.RabbitMq}", amqp)
        .WithEnvironment($"ConnectionStrings__{InfrastructureNames.Redis}", redisServer)
        .WaitFor(postgres).WaitFor(rabbitmq).WaitFor(redis);
    if (secrets is not null)
    {
        // What appsettings.Development.json gives a developer, from this run's own secrets instead.
        project.WithEnvironment("Auth__SigningKey", secrets["auth-signing-key"])
            .WithEnvironment("Privacy__Keys__1", secrets["privacy-key"]);
        foreach (var service in services)
            project.WithEnvironment($"Events__Keys__{service}", secrets[$"events-{service}"]);
        foreach (var step in users)
            project.WaitForCompletion(step!);
    }
    if (!deployTopologyOnly)
    {
        foreach (var step in topology)
            project.WaitForCompletion(step);
    }
    return project;
}

topology.Add(Service<Projects.ServiceHall_Attendance_Host>(Services.Attendance, Ports.Attendance, deployTopologyOnly: true));
topology.Add(Service<Projects.ServiceHall_Cases_Host>(Services.Cases, Ports.Cases, deployTopologyOnly: true));
topology.Add(Service<Projects.ServiceHall_Complaints_Host>(Services.Complaints, Ports.Complaints, deployTopologyOnly: true));
topology.Add(Service<Projects.ServiceHall_Discipline_Host>(Services.Discipline, Ports.Discipline, deployTopologyOnly: true));
Service<Projects.ServiceHall_Attendance_Host>(Services.Attendance, Ports.Attendance);
Service<Projects.ServiceHall_Cases_Host>(Services.Cases, Ports.Cases);
Service<Projects.ServiceHall_Complaints_Host>(Services.Complaints, Ports.Complaints);
Service<Projects.ServiceHall_Discipline_Host>(Services.Discipline, Ports.Discipline);

await builder.Build().RunAsync();
