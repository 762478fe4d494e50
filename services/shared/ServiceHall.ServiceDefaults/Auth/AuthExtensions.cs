using Microsoft.AspNetCore.Authentication;
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

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = AuthOptions.Issuer,
                ValidAudience = AuthOptions.Audience,
                NameClaimType = "sub",
                RoleClaimType = "role",
                ClockSkew = TimeSpan.FromMinutes(1),
            };
            if (!string.IsNullOrWhiteSpace(options.Authority))
            {
                jwt.Authority = options.Authority;
                jwt.Audience = AuthOptions.Audience;
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
    public static IHostApplicationBuilder AddStaffRegistry<TRegistry>(this IHostApplicationBuilder builder)
        where TRegistry : class, IStaffRegistry
    {
        ArgumentNullException.ThrowIfNull(builder);
        // One registry per process: in the standalone host attendance's own registry, added first, is the one asked.
        if (builder.Services.Any(d => d.ServiceType == typeof(IStaffRegistry)))
            return builder;
        builder.Services.AddScoped<IStaffRegistry, TRegistry>();
        builder.Services.AddScoped<IClaimsTransformation, RegistryClaimsTransformation>();
        return builder;
    }
}
