using System.Security.Cryptography;
using System.Text;

namespace ServiceHall.ServiceDefaults.Auth;

/// <summary>
/// Refuses the development signing key outside the Development environment: anyone can read that key in the
/// repository, so a host that used it in production would accept forged tokens.
/// Only the key's SHA-256 lives in code; the key itself ships in the hosts' appsettings.Development.json.
/// </summary>
public static class DevelopmentKeyGuard
{
    private const string DevelopmentKeySha256 = "e0230005f2275f2d1b59faf67a46d37f7aeb1e0fe892e87d7bbf24edae7adf45";

    public static bool IsDevelopmentKey(string? key) =>
        key is not null &&
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) == DevelopmentKeySha256;

    /// <summary>Throws when the configured key is the development key and the environment is not Development.</summary>
    public static void Check(string? key, string environmentName)
    {
        if (IsDevelopmentKey(key) && !string.Equals(environmentName, "Development", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Auth:SigningKey is the public development key, and the environment is '{environmentName}'. " +
                "Refusing to start: configure a secret key (Auth__SigningKey) or an OIDC authority (Auth__Authority).");
        }
    }
}
