using System.Security.Cryptography;
using System.Text.Json;

namespace ServiceHall.AppHost;

/// <summary>
/// The production-like profile's secrets: made once with a cryptographic random generator, kept in a file only its
/// owner may read, and the same at every start (the servers' data folders remember the passwords).
/// </summary>
public static class LocalSecrets
{
    private static readonly string[] Names =
    [
        "postgres", "rabbitmq", "redis", "attendance", "cases", "complaints", "discipline", "auth-signing-key",
        "privacy-key", "events-attendance", "events-cases", "events-complaints", "events-discipline",
    ];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IReadOnlyDictionary<string, string> Load(string path)
    {
        var secrets = File.Exists(path)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? []
            : [];
        var missing = Names.Where(n => !secrets.ContainsKey(n)).ToList();
        if (missing.Count == 0)
            return secrets;
        foreach (var name in missing)
            secrets[name] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(secrets, Indented));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return secrets;
    }
}
