using Grpc.Core;
using ServiceHall.ServiceDefaults.Auth;

namespace ServiceHall.Testing;

/// <summary>A signing key for the test run (never the development key) and tokens signed with it.</summary>
public static class TestAuth
{
    public static string SigningKey { get; } = "test-" + Convert.ToHexString(Guid.NewGuid().ToByteArray()) +
                                               Convert.ToHexString(Guid.NewGuid().ToByteArray());

    /// <summary>The run's key for citizens' personal data (Privacy:Key), never the development one.</summary>
    public static string PrivacyKey { get; } = "privacy-" + Convert.ToHexString(Guid.NewGuid().ToByteArray()) +
                                               Convert.ToHexString(Guid.NewGuid().ToByteArray());

    public static string Token(string subject, params string[] roles) => Token(SigningKey, subject, roles);

    public static string Token(string key, string subject, params string[] roles) =>
        TokenIssuer.Issue(key, subject, roles, TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(1));

    public static Metadata Bearer(string subject, params string[] roles) => BearerSignedWith(SigningKey, subject, roles);

    public static Metadata BearerSignedWith(string key, string subject, params string[] roles) =>
        new() { { "Authorization", "Bearer " + Token(key, subject, roles) } };

    /// <summary>The development key the hosts accept in the Development environment (deploy/Standalone settings).</summary>
    public static string DevelopmentKey()
    {
        var path = Path.Combine(RepositoryPaths.Root, "deploy", "Standalone", "appsettings.Development.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty("Auth").GetProperty(nameof(SigningKey)).GetString()!;
    }
}
