using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServiceHall.ServiceDefaults.Privacy;

public static class PrivacyExtensions
{
    public const string KeySetting = "Privacy:Key";

    /// <summary>SHA-256 of the public development key in the hosts' appsettings.Development.json.</summary>
    private const string DevelopmentKeySha256 = "088ac5cacd124b9567332fc63709d84bf2fa0577cce2b8df1ec2ad74e6d550d8";

    /// <summary>
    /// Registers the <see cref="PersonalDataProtector"/> from <c>Privacy:Key</c>. Refuses to start without a key, or with
    /// the public development key outside the Development environment.
    /// </summary>
    public static IHostApplicationBuilder AddPersonalDataProtection(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var key = builder.Configuration[KeySetting];
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidOperationException(
                "Privacy:Key is not configured. Set Privacy__Key (a secret of at least 32 bytes): citizens' personal data is encrypted with it.");
        }
        if (IsDevelopmentKey(key) && !builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Privacy:Key is the public development key, and the environment is '{builder.Environment.EnvironmentName}'. Refusing to start.");
        }
        builder.Services.AddSingleton(new PersonalDataProtector(key));
        return builder;
    }

    public static bool IsDevelopmentKey(string? key) =>
        key is not null && Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) == DevelopmentKeySha256;
}
