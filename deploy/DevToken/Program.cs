// Prints a development bearer token for ServiceHall.
//
//   dotnet run --project deploy/DevToken -- --sub office-1 --role office [--role ...] [--hours 8]
//                                           [--key KEY | env Auth__SigningKey]
//   dotnet run --project deploy/DevToken -- --client reader-1f-east [--hours 24]     (a registered machine client)
//
// Without --key or Auth__SigningKey it signs with the development key from deploy/Standalone's
// appsettings.Development.json, which the hosts accept only in the Development environment.
using System.Text.Json;
using ServiceHall.ServiceDefaults.Auth;

string? subject = null;
string? client = null;
string? key = Environment.GetEnvironmentVariable("Auth__SigningKey");
var roles = new List<string>();
var hours = 8.0;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--sub": subject = Next(); break;
        case "--client": client = Next(); break;
        case "--role": roles.Add(Next()); break;
        case "--key": key = Next(); break;
        case "--hours": hours = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}");
            return 2;
    }
}

if (client is not null)
{
    if (subject is not null || roles.Count > 0)
    {
        Console.Error.WriteLine("--client names a registered machine client: its roles come from its registration, not --role");
        return 2;
    }
    key ??= ReadDevelopmentKey();
    Console.WriteLine(TokenIssuer.IssueForClient(key, client, TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(hours)));
    return 0;
}

if (subject is null || roles.Count == 0)
{
    Console.Error.WriteLine("usage: DevToken --sub SUBJECT --role ROLE [--role ROLE] [--hours N] [--key KEY]");
    Console.Error.WriteLine("       DevToken --client CLIENT_ID [--hours N] [--key KEY]");
    Console.Error.WriteLine($"roles: {string.Join(", ", Roles.All)}");
    return 2;
}
var unknown = roles.Except(Roles.All).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"unknown role(s) {string.Join(", ", unknown)}; roles: {string.Join(", ", Roles.All)}");
    return 2;
}

key ??= ReadDevelopmentKey();
Console.WriteLine(TokenIssuer.Issue(key, subject, roles, TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(hours)));
return 0;

static string ReadDevelopmentKey()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ServiceHall.slnx")))
        dir = dir.Parent;
    var path = Path.Combine(dir?.FullName ?? ".", "deploy", "Standalone", "appsettings.Development.json");
    using var json = JsonDocument.Parse(File.ReadAllText(path));
    return json.RootElement.GetProperty("Auth").GetProperty("SigningKey").GetString()
           ?? throw new InvalidOperationException($"No Auth:SigningKey in {path}");
}
