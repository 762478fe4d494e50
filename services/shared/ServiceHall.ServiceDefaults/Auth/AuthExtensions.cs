using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace ServiceHall.ServiceDefaults.Auth;

public static class AuthExtensions
{
    /// <summary>
    /// JWT bearer authentication and role authorization. Every endpoint requires an authenticated caller with a known
    /// role unless it opts out (health, reflection); gRPC methods name their roles with <c>[Authorize(Roles = ...)]</c>.
    /// No token → 401 (gRPC <c>Unauthenticated</c>); wrong role → 403 (gRPC <c>PermissionDenied</c>).
    /// </summary>
    public static IHostApplicationBuilder AddServiceHallAuth(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        if (string.IsNullOrWhiteSpace(options.Authority))
        {
            if (string.IsNullOrWhiteSpace(options.SigningKey))
            {
                throw new InvalidOperationException(
                    "Auth:SigningKey is not configured. Set Auth__SigningKey (at least 32 bytes) or Auth__Authority.");
            }
            DevelopmentKeyGuard.Check(options.SigningKey, builder.Environment.EnvironmentName);
            _ = TokenIssuer.KeyFrom(options.SigningKey); // a short key fails now, not at the first request
        }

        var authentication = builder.Services.AddAuthentication(options.ClientCertificates.TrustedCaPath is { Length: > 0 }
            ? TokenOrCertificate
            : JwtBearerDefaults.AuthenticationScheme);
        if (options.ClientCertificates.TrustedCaPath is { Length: > 0 } caPath)
            AddClientCertificates(builder, authentication, caPath, options.ClientCertificates.RevocationMode);
        authentication.AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = AuthOptions.Issuer,
                ValidAudience = AuthOptions.Audience,
                NameClaimType = "sub",
                RoleClaimType = "role",
                ClockSkew = TimeSpan.FromMinutes(1),
                RequireExpirationTime = true,
                // JWT access tokens (RFC 9068 "at+jwt") or plain "JWT", from the development key or an OIDC issuer alike.
                ValidTypes = ["JWT", "at+jwt"],
            };
            jwt.Events = new JwtBearerEvents { OnTokenValidated = context => RefuseLongLived(context, options) };
            if (!string.IsNullOrWhiteSpace(options.Authority))
            {
                jwt.Authority = options.Authority;
                jwt.Audience = AuthOptions.Audience;
                jwt.TokenValidationParameters.ValidAlgorithms = [.. options.Algorithms];
            }
            else
            {
                jwt.TokenValidationParameters.IssuerSigningKey = TokenIssuer.KeyFrom(options.SigningKey!);
                jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            }
        });
        // A token must carry a known role: one without (or with only unknown ones) is refused everywhere, also where
        // an endpoint names no roles of its own. Every RPC names its roles (an architecture test checks).
        var knownRole = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Roles.All).Build();
        builder.Services.AddAuthorizationBuilder().SetDefaultPolicy(knownRole).SetFallbackPolicy(knownRole);
        return builder;
    }

    /// <summary>
    /// The service that holds the staff registry (or a mirror of it) says which unit roles a token's subject really has
    /// and in which unit (<see cref="RegistryClaimsTransformation"/>).
    /// </summary>
    /// <summary>
    /// A token must say when it was issued (<c>iat</c>, else <c>nbf</c>) and live no longer than
    /// <see cref="AuthOptions.MaxPersonTokenLifetime"/> (a person's) or <see cref="AuthOptions.MaxMachineTokenLifetime"/>
    /// (a machine's: a <c>client_id</c>, or the <c>system</c> role).
    /// </summary>
    private static Task RefuseLongLived(TokenValidatedContext context, AuthOptions options)
    {
        if (context.SecurityToken is not Microsoft.IdentityModel.JsonWebTokens.JsonWebToken token || context.Principal is not { } user)
        {
            context.Fail("Not a JSON web token.");
            return Task.CompletedTask;
        }
        var issued = token.IssuedAt != DateTime.MinValue ? token.IssuedAt : token.ValidFrom;
        var machine = user.ClientId() is not null || user.HasClaim("role", Roles.System);
        var max = machine ? options.MaxMachineTokenLifetime : options.MaxPersonTokenLifetime;
        if (issued == DateTime.MinValue)
            context.Fail("The token does not say when it was issued (iat).");
        else if (token.ValidTo - issued > max)
            context.Fail($"The token lives {token.ValidTo - issued:g}; at most {max:g} for a {(machine ? "machine" : "person")}.");
        return Task.CompletedTask;
    }

    /// <summary>The scheme that takes a bearer token when the call has one, else the connection's client certificate.</summary>
    public const string TokenOrCertificate = "token-or-certificate";

    /// <summary>
    /// Mutual TLS: Kestrel asks every TLS client for a certificate and takes any (so a client without one still
    /// connects and may send a token); the certificate handler then accepts only a certificate for client
    /// authentication chained to one of the CAs in <paramref name="caPath"/>, and the caller is the machine client its
    /// common name names (<c>sub</c> and <c>client_id</c>): the client registry gives its role, windows and units as for
    /// a token, and a disabled or unknown client has no role.
    /// </summary>
    private static void AddClientCertificates(IHostApplicationBuilder builder, AuthenticationBuilder authentication,
        string caPath, X509RevocationMode revocation)
    {
        var trusted = new X509Certificate2Collection();
        try
        {
            trusted.ImportFromPemFile(caPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidOperationException($"Auth:ClientCertificates:TrustedCaPath '{caPath}' cannot be read as PEM certificates: {ex.Message}", ex);
        }
        if (trusted.Count == 0)
            throw new InvalidOperationException($"Auth:ClientCertificates:TrustedCaPath '{caPath}' holds no certificate.");
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.AllowAnyClientCertificate(); // judged by the certificate handler below, against the hall's CAs only
        }));
        authentication.AddPolicyScheme(TokenOrCertificate, "A bearer token, else a client certificate", policy =>
        {
            policy.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count == 0 && context.Connection.ClientCertificate is not null
                    ? CertificateAuthenticationDefaults.AuthenticationScheme
                    : JwtBearerDefaults.AuthenticationScheme;
            // No caller (a certificate from another CA, no token): 401 UNAUTHENTICATED, as without TLS; the certificate
            // handler's own challenge would answer 403.
            policy.ForwardChallenge = JwtBearerDefaults.AuthenticationScheme;
        });
        authentication.AddCertificate(certificate =>
        {
            certificate.AllowedCertificateTypes = CertificateTypes.Chained;
            certificate.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
            certificate.CustomTrustStore = trusted;
            certificate.RevocationMode = revocation;
            certificate.ValidateCertificateUse = true; // the client-authentication purpose
            certificate.ValidateValidityPeriod = true;
            certificate.Events = new CertificateAuthenticationEvents
            {
                OnCertificateValidated = context =>
                {
                    var clientId = context.ClientCertificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
                    if (string.IsNullOrWhiteSpace(clientId))
                    {
                        context.Fail("The client certificate names no client (its common name is empty).");
                        return Task.CompletedTask;
                    }
                    context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
                    [
                        new Claim("sub", clientId), new Claim(MachineClients.ClientIdClaim, clientId), new Claim("amr", "mtls"),
                    ], CertificateAuthenticationDefaults.AuthenticationScheme, "sub", "role"));
                    context.Success();
                    return Task.CompletedTask;
                },
            };
        });
    }

    public static IHostApplicationBuilder AddStaffRegistry<TRegistry>(this IHostApplicationBuilder builder)
        where TRegistry : class, IStaffRegistry
    {
        ArgumentNullException.ThrowIfNull(builder);
        // One registry per process: in the standalone host attendance's own registry, added first, is the one asked.
        if (builder.Services.Any(d => d.ServiceType == typeof(IStaffRegistry)))
            return builder;
        builder.Services.AddScoped<IStaffRegistry, TRegistry>();
        builder.Services.AddSingleton<RegistryCache>();
        builder.Services.AddScoped<IClaimsTransformation, RegistryClaimsTransformation>();
        return builder;
    }
}
