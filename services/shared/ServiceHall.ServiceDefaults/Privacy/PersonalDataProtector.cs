using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.ServiceDefaults.Privacy;

/// <summary>
/// A14: citizens' personal data (name, ID number, phone) stored encrypted at the application level (AES-256-GCM, a
/// fresh nonce per value) with a keyed hash (HMAC-SHA256) for look-up, so the database, its backups and anyone reading
/// them see neither the data nor a hash that can be reversed by trying all ID numbers.
/// <para>
/// Keys come from a keyring (<c>Privacy:Keys:&lt;id&gt;</c>, the one that seals new values named by
/// <c>Privacy:CurrentKeyId</c>); both the encryption and the look-up key of each are derived (HKDF) from its secret.
/// A sealed value says which key sealed it (<c>v2:&lt;id&gt;:…</c>) and is bound to its record and field (AES-GCM
/// associated data), so a value copied into another row or field does not open. A look-up hash says its key too
/// (<c>&lt;id&gt;:…</c>); a search asks for the value's hash under every key of the ring, so rows not yet moved to the
/// current key are still found. Values from before the keyring (<c>v1:</c>, bare hex hashes) belong to key <c>1</c>,
/// the old single <c>Privacy:Key</c>.
/// </para>
/// </summary>
public sealed partial class PersonalDataProtector
{
    /// <summary>The id the single <c>Privacy:Key</c> of earlier builds has in the keyring.</summary>
    public const string LegacyKeyId = "1";

    private const string LegacyPrefix = "v1:";
    private const string Prefix = "v2:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Dictionary<string, (byte[] Encryption, byte[] Lookup)> _keys;

    /// <summary>A ring of one key, id <see cref="LegacyKeyId"/>.</summary>
    public PersonalDataProtector(string key)
        : this(new Dictionary<string, string> { [LegacyKeyId] = key }, LegacyKeyId)
    {
    }

    public PersonalDataProtector(IReadOnlyDictionary<string, string> keys, string currentKeyId)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(currentKeyId);
        _keys = new Dictionary<string, (byte[], byte[])>(StringComparer.Ordinal);
        foreach (var (id, key) in keys)
        {
            if (!KeyIdPattern().IsMatch(id))
                throw new InvalidOperationException($"Privacy key id '{id}' must be 1 to 16 lowercase letters, digits or '-'.");
            if (string.IsNullOrWhiteSpace(key) || Encoding.UTF8.GetByteCount(key) < 32)
                throw new InvalidOperationException($"Privacy key '{id}' must be at least 32 bytes.");
            var secret = Encoding.UTF8.GetBytes(key);
            _keys[id] = (HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "servicehall/pii/encrypt/v1"u8.ToArray()),
                HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "servicehall/pii/lookup/v1"u8.ToArray()));
        }
        if (!_keys.ContainsKey(currentKeyId))
            throw new InvalidOperationException($"Privacy:CurrentKeyId '{currentKeyId}' is not in the keyring ({string.Join(", ", _keys.Keys)}).");
        CurrentKeyId = currentKeyId;
    }

    /// <summary>The key that seals new values and look-up hashes.</summary>
    public string CurrentKeyId { get; }

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    /// <summary>How every value sealed with the current key begins (to find rows still on older keys).</summary>
    public string CurrentPrefix => $"{Prefix}{CurrentKeyId}:";

    /// <summary>How every look-up hash under the current key begins.</summary>
    public string CurrentLookupPrefix => CurrentKeyId + ":";

    /// <summary>Seals <paramref name="value"/> with the current key, bound to <paramref name="field"/>.</summary>
    public string Protect(string value, PersonalDataField field)
    {
        ArgumentNullException.ThrowIfNull(value);
        var plain = Encoding.UTF8.GetBytes(value);
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[CurrentKeyId].Encryption, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize),
            field.AssociatedData());
        return CurrentPrefix + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>
    /// The value sealed for <paramref name="field"/>; a <see cref="DataIntegrityException"/> when it was altered, belongs
    /// to another record or field, or its key is not in the ring.
    /// </summary>
    public string Unprotect(string protectedValue, PersonalDataField field)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);
        string keyId;
        string body;
        byte[]? associatedData;
        if (protectedValue.StartsWith(LegacyPrefix, StringComparison.Ordinal))
        {
            (keyId, body, associatedData) = (LegacyKeyId, protectedValue[LegacyPrefix.Length..], null);
        }
        else if (protectedValue.StartsWith(Prefix, StringComparison.Ordinal) &&
                 protectedValue.IndexOf(':', Prefix.Length) is var colon and > 0)
        {
            (keyId, body, associatedData) = (protectedValue[Prefix.Length..colon], protectedValue[(colon + 1)..], field.AssociatedData());
        }
        else
        {
            throw Damaged(field, "it is not a sealed value");
        }
        if (!_keys.TryGetValue(keyId, out var key))
            throw Damaged(field, $"it was sealed with key '{keyId}', which is not in the keyring");
        try
        {
            var sealedBytes = Convert.FromBase64String(body);
            if (sealedBytes.Length < NonceSize + TagSize)
                throw Damaged(field, "it is truncated");
            var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
            using var aes = new AesGcm(key.Encryption, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize),
                sealedBytes.AsSpan(NonceSize, TagSize), plain, associatedData);
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            throw Damaged(field, "it was altered or belongs to another record");
        }
    }

    /// <summary>Whether <paramref name="protectedValue"/> is sealed with the current key.</summary>
    public bool IsCurrent(string protectedValue) =>
        protectedValue.StartsWith(CurrentPrefix, StringComparison.Ordinal);

    /// <summary>The value sealed with the current key: itself when it already is, else opened and sealed again.</summary>
    public string Reprotect(string protectedValue, PersonalDataField field) =>
        IsCurrent(protectedValue) ? protectedValue : Protect(Unprotect(protectedValue, field), field);

    /// <summary>The keyed hash, under the current key, to store for finding records by a value (e.g. an ID number).</summary>
    public string LookupHash(string value) => LookupHash(CurrentKeyId, value);

    /// <summary>
    /// The value's hash under every key of the ring (and the bare form of key 1's): what a search compares stored hashes
    /// with, so rows hashed under an older key are found until the re-encryption job has moved them.
    /// </summary>
    public IReadOnlyList<string> LookupHashes(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var hashes = _keys.Keys.Select(id => LookupHash(id, value)).ToList();
        if (_keys.TryGetValue(LegacyKeyId, out var legacy))
        {
            hashes.Add(Convert.ToHexStringLower(HMACSHA256.HashData(legacy.Lookup,
                Encoding.UTF8.GetBytes(value.Trim().ToUpperInvariant()))));
        }
        return hashes;
    }

    /// <summary>Whether a stored look-up hash is under the current key.</summary>
    public bool IsCurrentLookup(string hash) => hash.StartsWith(CurrentLookupPrefix, StringComparison.Ordinal);

    private string LookupHash(string keyId, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var normalised = value.Trim().ToUpperInvariant();
        var hash = Convert.ToHexStringLower(HMACSHA256.HashData(_keys[keyId].Lookup, Encoding.UTF8.GetBytes(normalised)));
        // 64 characters with the key id, as the bare hashes of earlier builds (the columns stay as they are): at least
        // 46 hex digits (184 bits) of the HMAC are kept.
        return keyId + ":" + hash[..(hash.Length - keyId.Length - 1)];
    }

    private static DataIntegrityException Damaged(PersonalDataField field, string why) =>
        new(field.Table, field.RowId,
            $"The personal data stored in {field.Table}.{field.Column} of {field.RowId} cannot be read: {why}. " +
            "Nothing was changed; restore the record from a backup or the key to the keyring (Privacy:Keys).");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,15}$")]
    private static partial Regex KeyIdPattern();
}

/// <summary>
/// Where a sealed value lives: its table, its field and its record's id. Sealed into the value as AES-GCM associated
/// data, so the value opens only there.
/// </summary>
public readonly record struct PersonalDataField(string Table, string Column, string RowId)
{
    public byte[] AssociatedData() => Encoding.UTF8.GetBytes($"servicehall/pii|{Table}|{Column}|{RowId}");
}
