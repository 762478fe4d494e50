using System.Security.Cryptography;
using System.Text;

namespace ServiceHall.ServiceDefaults.Privacy;

/// <summary>
/// A14: citizens' personal data (name, ID number, phone) stored encrypted at the application level (AES-256-GCM, a
/// fresh nonce per value) with a keyed hash (HMAC-SHA256) for look-up, so the database, its backups and anyone reading
/// them see neither the data nor a hash that can be reversed by trying all ID numbers. Both keys are derived (HKDF)
/// from the one secret <c>Privacy:Key</c>.
/// </summary>
public sealed class PersonalDataProtector
{
    private const string Prefix = "v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _encryptionKey;
    private readonly byte[] _lookupKey;

    public PersonalDataProtector(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || Encoding.UTF8.GetByteCount(key) < 32)
            throw new InvalidOperationException("Privacy:Key must be at least 32 bytes.");
        var secret = Encoding.UTF8.GetBytes(key);
        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "servicehall/pii/encrypt/v1"u8.ToArray());
        _lookupKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "servicehall/pii/lookup/v1"u8.ToArray());
    }

    public string Protect(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var plain = Encoding.UTF8.GetBytes(value);
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize));
        return Prefix + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The value; throws <see cref="CryptographicException"/> when it was tampered with or the key differs.</summary>
    public string Unprotect(string protectedValue)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);
        if (!protectedValue.StartsWith(Prefix, StringComparison.Ordinal))
            throw new CryptographicException("Not a protected value of this version.");
        var sealedBytes = Convert.FromBase64String(protectedValue[Prefix.Length..]);
        if (sealedBytes.Length < NonceSize + TagSize)
            throw new CryptographicException("The protected value is truncated.");
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize),
            sealedBytes.AsSpan(NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>A keyed hash to find records by a value (e.g. an ID number) without storing it in the clear.</summary>
    public string LookupHash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var normalised = value.Trim().ToUpperInvariant();
        return Convert.ToHexStringLower(HMACSHA256.HashData(_lookupKey, Encoding.UTF8.GetBytes(normalised)));
    }
}
