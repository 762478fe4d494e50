using System.Security.Cryptography;
using System.Text;
using ServiceHall.ServiceDefaults.Privacy;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Cases.Tests;

/// <summary>The keyring: values bound to their record and field, older keys still read, legacy values of earlier builds.</summary>
public sealed class PersonalDataProtectorTests
{
    private const string OldSecret = "old-secret-of-at-least-thirty-two-bytes-0001";
    private const string NewSecret = "new-secret-of-at-least-thirty-two-bytes-0002";
    private static readonly PersonalDataField Name = new("cases", "ApplicantNameProtected", "case-1");

    private static PersonalDataProtector Ring(string current, params (string Id, string Secret)[] keys) =>
        new(keys.ToDictionary(k => k.Id, k => k.Secret), current);

    [Fact]
    public void A_value_opens_only_in_its_own_record_and_field()
    {
        var protector = Ring("k2", ("k2", NewSecret));
        var sealedName = protector.Protect("王小明", Name);

        Assert.StartsWith("v2:k2:", sealedName);
        Assert.Equal("王小明", protector.Unprotect(sealedName, Name));
        Assert.Throws<DataIntegrityException>(() => protector.Unprotect(sealedName, Name with { RowId = "case-2" }));
        Assert.Throws<DataIntegrityException>(() => protector.Unprotect(sealedName, Name with { Column = "ApplicantPhoneProtected" }));
        var altered = sealedName[..^4] + (sealedName[^4] == 'A' ? "B" : "A") + sealedName[^3..];
        Assert.Throws<DataIntegrityException>(() => protector.Unprotect(altered, Name));
    }

    [Fact]
    public void After_a_rotation_old_values_open_and_move_and_without_the_old_key_they_are_refused_by_key_id()
    {
        var before = Ring("1", ("1", OldSecret));
        var during = Ring("k2", ("1", OldSecret), ("k2", NewSecret));
        var after = Ring("k2", ("k2", NewSecret));
        var old = before.Protect("王小明", Name);

        var moved = during.Reprotect(old, Name);

        Assert.Equal("王小明", during.Unprotect(old, Name));
        Assert.StartsWith("v2:k2:", moved);
        Assert.Same(moved, during.Reprotect(moved, Name));
        Assert.Equal("王小明", after.Unprotect(moved, Name));
        var refused = Assert.Throws<DataIntegrityException>(() => after.Unprotect(old, Name));
        Assert.Contains("key '1'", refused.Message);
        Assert.DoesNotContain("王小明", refused.Message);
    }

    [Fact]
    public void Look_up_hashes_carry_their_key_keep_64_characters_and_a_search_asks_under_every_key()
    {
        var before = Ring("1", ("1", OldSecret));
        var during = Ring("k2", ("1", OldSecret), ("k2", NewSecret));
        var idNumber = "110101199001011234";

        var hashes = during.LookupHashes(idNumber.ToLowerInvariant() + " ");

        Assert.StartsWith("k2:", during.LookupHash(idNumber));
        Assert.All(hashes, h => Assert.Equal(64, h.Length));
        Assert.Contains(before.LookupHash(idNumber), hashes);
        Assert.Contains(during.LookupHash(idNumber), hashes);
        Assert.Contains(new Legacy(OldSecret).Lookup(idNumber), hashes); // the bare hash of earlier builds
        Assert.DoesNotContain(during.LookupHash("110101199001011235"), hashes);
        Assert.True(during.IsCurrentLookup(during.LookupHash(idNumber)));
        Assert.False(during.IsCurrentLookup(before.LookupHash(idNumber)));
    }

    [Fact]
    public void Values_sealed_by_earlier_builds_open_with_key_1_and_move_to_the_current_key()
    {
        var legacy = new Legacy(OldSecret).Seal("13812345678");
        var during = Ring("k2", ("1", OldSecret), ("k2", NewSecret));

        Assert.StartsWith("v1:", legacy);
        Assert.Equal("13812345678", during.Unprotect(legacy, Name));
        Assert.Equal("13812345678", during.Unprotect(during.Reprotect(legacy, Name), Name));
        Assert.Throws<DataIntegrityException>(() => Ring("k2", ("k2", NewSecret)).Unprotect(legacy, Name));
    }

    [Theory]
    [InlineData("K2")]
    [InlineData("a:b")]
    [InlineData("")]
    [InlineData("this-id-is-far-too-long")]
    public void A_key_id_outside_the_pattern_is_refused(string id) =>
        Assert.Throws<InvalidOperationException>(() => { _ = Ring(id, (id, NewSecret)); });

    [Fact]
    public void A_short_key_or_an_unknown_current_key_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => { _ = Ring("k2", ("k2", "short")); });
        Assert.Throws<InvalidOperationException>(() => { _ = Ring("k3", ("k2", NewSecret)); });
    }

    /// <summary>What the single-key protector of earlier builds wrote: no key id, no associated data, a bare hex hash.</summary>
    private sealed class Legacy(string secret)
    {
        private readonly byte[] _encryption = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32,
            info: "servicehall/pii/encrypt/v1"u8.ToArray());
        private readonly byte[] _lookup = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32,
            info: "servicehall/pii/lookup/v1"u8.ToArray());

        public string Seal(string value)
        {
            var plain = Encoding.UTF8.GetBytes(value);
            var sealedBytes = new byte[12 + 16 + plain.Length];
            RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, 12));
            using var aes = new AesGcm(_encryption, 16);
            aes.Encrypt(sealedBytes.AsSpan(0, 12), plain, sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16));
            return "v1:" + Convert.ToBase64String(sealedBytes);
        }

        public string Lookup(string value) =>
            Convert.ToHexStringLower(HMACSHA256.HashData(_lookup, Encoding.UTF8.GetBytes(value.Trim().ToUpperInvariant())));
    }
}
