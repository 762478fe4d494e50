// Prints a development bearer token for ServiceHall.
//
//   dotnet run --project deploy/DevToken -- --sub badge-reader-1 --role system [--role office] [--hours 8]
//                                           [--key KEY | env Auth__SigningKey]
//
// Without --key or Auth__SigningKey it signs with the development key from deploy/Standalone's
// appsettings.Development.json, which the hosts accept only in the Development environment.
using System.Text.Json;
using ServiceHall.ServiceDefaults.Auth;

string? subject = null;
string? key = Environment.GetEnvironmentVariable("Auth__SigningKey");
var roles = new List<string>();
var hours = 8.0;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--sub": subject = Next(); break;
        case "--role": roles.Add(Next()); break;
        case "--key": key = Next(); break;
        case "--hours": hours = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}");
            return 2;
    }
}

if (subject is null || roles.Count == 0)
{
    Console.Error.WriteLine("usage: DevToken --sub SUBJECT --role ROLE [--role ROLE] [--hours N] [--key KEY]");
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
