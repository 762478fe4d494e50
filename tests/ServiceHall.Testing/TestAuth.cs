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

    /// <summary>The run's event keys (Events:Keys:&lt;service&gt;), one per service.</summary>
    public static IReadOnlyDictionary<string, string> EventKeys { get; } =
        new[] { "attendance", "cases", "complaints", "discipline" }.ToDictionary(s => s,
            s => $"events-{s}-" + Convert.ToHexString(Guid.NewGuid().ToByteArray()) + Convert.ToHexString(Guid.NewGuid().ToByteArray()));

    /// <summary>Signs as every service: what a test's own bus uses to stand in for a publisher.</summary>
    public static ServiceHall.ServiceDefaults.Messaging.EventSigner EventSigner { get; } = new(EventKeys);

    public static string Token(string subject, params string[] roles) => Token(SigningKey, subject, roles);

    public static string Token(string key, string subject, params string[] roles) =>
        TokenIssuer.Issue(key, subject, roles, TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(1));

    public static Metadata Bearer(string subject, params string[] roles) => BearerSignedWith(SigningKey, subject, roles);

    public static Metadata BearerSignedWith(string key, string subject, params string[] roles) =>
        new() { { "Authorization", "Bearer " + Token(key, subject, roles) } };

    /// <summary>A token with claims of the caller's choosing besides <c>sub</c> and <c>role</c> (a forged unit, say).</summary>
    public static Metadata BearerWithClaims(string subject, string[] roles, params (string Type, string Value)[] claims) =>
        BearerWithClaimsSignedWith(SigningKey, subject, roles, claims);

    /// <summary><see cref="BearerWithClaims"/> signed with <paramref name="key"/>.</summary>
    public static Metadata BearerWithClaimsSignedWith(string key, string subject, string[] roles,
        params (string Type, string Value)[] claims)
    {
        var all = new List<System.Security.Claims.Claim> { new("sub", subject) };
        all.AddRange(roles.Select(r => new System.Security.Claims.Claim("role", r)));
        all.AddRange(claims.Select(c => new System.Security.Claims.Claim(c.Type, c.Value)));
        var now = DateTime.UtcNow;
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }
            .CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
            {
                Issuer = AuthOptions.Issuer, Audience = AuthOptions.Audience,
                Subject = new System.Security.Claims.ClaimsIdentity(all),
                IssuedAt = now, NotBefore = now.AddMinutes(-1), Expires = now.AddHours(1),
                SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                    TokenIssuer.KeyFrom(key), Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
            });
        return new() { { "Authorization", "Bearer " + token } };
    }

    /// <summary>
    /// A registered machine client's token: <c>sub</c> and <c>client_id</c> name it; the roles it carries (none by
    /// default) count for nothing, its registration decides.
    /// </summary>
    public static Metadata ClientBearer(string clientId, params string[] roles) =>
        BearerWithClaims(clientId, roles, (MachineClients.ClientIdClaim, clientId));

    /// <summary><see cref="ClientBearer"/> signed with <paramref name="key"/>.</summary>
    public static Metadata ClientBearerSignedWith(string key, string clientId) =>
        BearerWithClaimsSignedWith(key, clientId, [], (MachineClients.ClientIdClaim, clientId));

    /// <summary>The development key the hosts accept in the Development environment (deploy/Standalone settings).</summary>
    public static string DevelopmentKey()
    {
        var path = Path.Combine(RepositoryPaths.Root, "deploy", "Standalone", "appsettings.Development.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty("Auth").GetProperty(nameof(SigningKey)).GetString()!;
    }
}
