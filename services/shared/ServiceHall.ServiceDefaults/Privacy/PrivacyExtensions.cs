using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.ServiceDefaults.Privacy;

public static class PrivacyExtensions
{
    public const string KeySetting = "Privacy:Key";

    /// <summary>SHA-256 of the public development key in the hosts' appsettings.Development.json.</summary>
    private const string DevelopmentKeySha256 = "088ac5cacd124b9567332fc63709d84bf2fa0577cce2b8df1ec2ad74e6d550d8";

    public const string KeysSection = "Privacy:Keys";
    public const string CurrentKeySetting = "Privacy:CurrentKeyId";

    /// <summary>
    /// Registers the <see cref="PersonalDataProtector"/> from the keyring <c>Privacy:Keys:&lt;id&gt;</c> (or the single
    /// <c>Privacy:Key</c> of earlier builds, which is key <c>1</c>) and <c>Privacy:CurrentKeyId</c>, and the job that
    /// moves stored values to the current key. Refuses to start without a key, with an unknown current key, or with the
    /// public development key outside the Development environment.
    /// </summary>
    public static IHostApplicationBuilder AddPersonalDataProtection<TContext>(this IHostApplicationBuilder builder)
        where TContext : ServiceDbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var keys = builder.Configuration.GetSection(KeysSection).GetChildren()
            .Where(k => !string.IsNullOrEmpty(k.Value))
            .ToDictionary(k => k.Key, k => k.Value!, StringComparer.Ordinal);
        if (builder.Configuration[KeySetting] is { Length: > 0 } single)
        {
            if (keys.TryGetValue(PersonalDataProtector.LegacyKeyId, out var other) && other != single)
            {
                throw new InvalidOperationException(
                    "Privacy:Key and Privacy:Keys:1 are both set and differ; Privacy:Key is key 1 of the ring. Keep one.");
            }
            keys[PersonalDataProtector.LegacyKeyId] = single;
        }
        if (keys.Count == 0)
        {
            throw new InvalidOperationException(
                "No personal-data key is configured. Set Privacy__Keys__<id> (a secret of at least 32 bytes) and " +
                "Privacy__CurrentKeyId, or Privacy__Key: citizens' personal data is encrypted with it.");
        }
        var current = builder.Configuration[CurrentKeySetting];
        if (string.IsNullOrEmpty(current))
        {
            current = keys.Count == 1
                ? keys.Keys.Single()
                : throw new InvalidOperationException(
                    $"The keyring holds {keys.Count} personal-data keys ({string.Join(", ", keys.Keys)}); say which seals new values with Privacy__CurrentKeyId.");
        }
        if (keys.Values.Any(IsDevelopmentKey) && !builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"A personal-data key is the public development key, and the environment is '{builder.Environment.EnvironmentName}'. Refusing to start.");
        }
        builder.Services.AddSingleton(new PersonalDataProtector(keys, current));
        builder.Services.AddScoped<ISealedDataMover<TContext>, ClientRequestMover<TContext>>();
        if (builder.Configuration.GetValue(SealedDataReencryptionJob<TContext>.IntervalKey, TimeSpan.FromMinutes(10)) > TimeSpan.Zero)
            builder.Services.AddHostedService<SealedDataReencryptionJob<TContext>>();
        return builder;
    }

    public static bool IsDevelopmentKey(string? key) =>
        key is not null && Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) == DevelopmentKeySha256;
}
