namespace ServiceHall.ServiceDefaults.Auth;

/// <summary>Bearer-token validation (configuration section <c>Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The issuer and audience every token must carry.</summary>
    public const string Issuer = "servicehall";

    public const string Audience = "servicehall";

    /// <summary>HS256 signing key, at least 32 bytes of UTF-8. Ignored when <see cref="Authority"/> is set.</summary>
    public string? SigningKey { get; set; }

    /// <summary>An OIDC authority (e.g. the province's identity provider) that replaces the shared key.</summary>
    public string? Authority { get; set; }

    /// <summary>
    /// Accept a token with the <c>system</c> role and no <c>client_id</c> as a trusted client, as before the client
    /// registry (off by default; on in the Development settings and the tests' hosts). Off, such a token is judged as the
    /// client its <c>sub</c> names: a registered <c>Trusted</c> client, which only a bureau leader can register.
    /// </summary>
    public bool LegacySystemRole { get; set; }

    /// <summary>
    /// The longest a person's token may live, from issue to expiry (default 12 hours: a working day and some): a
    /// token issued for longer is refused whatever its signature, so a leaked one cannot be used for weeks.
    /// </summary>
    public TimeSpan MaxPersonTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How long a registry answer (a person's unit and roles, a client's standing) is kept for further calls
    /// (<see cref="RegistryCache"/>; default one second, zero: asked on every call). A change saved in the same instance
    /// counts at once whatever this is.
    /// </summary>
    public TimeSpan RegistryCacheTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest a machine client's token may live (default 24 hours).</summary>
    public TimeSpan MaxMachineTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The algorithms an OIDC issuer's tokens may be signed with (the development key: HS256 only).</summary>
    public IList<string> Algorithms { get; } = ["RS256", "PS256", "ES256"];

    /// <summary>
    /// Mutual TLS for machine clients: a PEM file of the certificate authorities whose client certificates are accepted
    /// (<c>Auth:ClientCertificates:TrustedCaPath</c>). A call with such a certificate and no token is the registered
    /// client its certificate's common name names. Unset: client certificates are not asked for.
    /// </summary>
    public ClientCertificateOptions ClientCertificates { get; set; } = new();
}

/// <summary>Client certificates (<c>Auth:ClientCertificates</c>).</summary>
public sealed class ClientCertificateOptions
{
    public string? TrustedCaPath { get; set; }

    /// <summary>Check revocation (<c>Online</c>, <c>Offline</c>) when the CA publishes a CRL the host can reach; <c>NoCheck</c> by default.</summary>
    public System.Security.Cryptography.X509Certificates.X509RevocationMode RevocationMode { get; set; } =
        System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
}
