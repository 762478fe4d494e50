using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ServiceHall.ServiceDefaults.Auth;

/// <summary>Issues HS256 bearer tokens with the claims ServiceHall reads: <c>sub</c> and one or more <c>role</c>.</summary>
public static class TokenIssuer
{
    public static SymmetricSecurityKey KeyFrom(string signingKey)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        var bytes = Encoding.UTF8.GetBytes(signingKey);
        if (bytes.Length < 32)
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes (HS256).");
        return new SymmetricSecurityKey(bytes);
    }

    public static string Issue(string signingKey, string subject, IEnumerable<string> roles, DateTimeOffset now,
        TimeSpan lifetime) => Issue(signingKey, subject, roles, null, now, lifetime);

    /// <summary>
    /// A registered machine client's token: <c>sub</c> and <c>client_id</c> name it and it carries no role — what it may
    /// do comes from its registration (<see cref="MachineClients"/>).
    /// </summary>
    public static string IssueForClient(string signingKey, string clientId, DateTimeOffset now, TimeSpan lifetime) =>
        Issue(signingKey, clientId, [], clientId, now, lifetime);

    private static string Issue(string signingKey, string subject, IEnumerable<string> roles, string? clientId,
        DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, subject) };
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        if (clientId is not null)
            claims.Add(new Claim(MachineClients.ClientIdClaim, clientId));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.Issuer,
            Audience = AuthOptions.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddMinutes(-1),
            Expires = now.Add(lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(KeyFrom(signingKey), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
