using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ServiceHall.Testing;

/// <summary>
/// A hall's own certificate authority for a test run, in a folder: <c>ca.pem</c>, a server certificate for 127.0.0.1
/// and localhost (<c>server.pem</c>, <c>server.key</c>), and client certificates issued on demand (common name = the
/// registered client id, client-authentication purpose). <see cref="Handler"/> gives an HTTP handler that trusts only
/// this CA and presents a client certificate if given one.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly X509Certificate2 _ca;

    private TestCertificates(string folder, X509Certificate2 ca)
    {
        Folder = folder;
        _ca = ca;
    }

    public string Folder { get; }

    public string CaPath => Path.Combine(Folder, "ca.pem");

    public string ServerCertificatePath => Path.Combine(Folder, "server.pem");

    public string ServerKeyPath => Path.Combine(Folder, "server.key");

    /// <summary>The host settings that serve TLS with the server certificate and accept this CA's client certificates.</summary>
    public IReadOnlyDictionary<string, string> HostSettings(string url) => new Dictionary<string, string>
    {
        ["Kestrel__Endpoints__Grpc__Url"] = url,
        ["Kestrel__Endpoints__Grpc__Certificate__Path"] = ServerCertificatePath,
        ["Kestrel__Endpoints__Grpc__Certificate__KeyPath"] = ServerKeyPath,
        ["Auth__ClientCertificates__TrustedCaPath"] = CaPath,
    };

    public static TestCertificates Create(string name = "hall")
    {
        var folder = Path.Combine(Path.GetTempPath(), "servicehall-tests", "tls", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var ca = NewAuthority($"CN=ServiceHall test CA {name}");
        File.WriteAllText(Path.Combine(folder, "ca.pem"), ca.ExportCertificatePem());
        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var server = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2), Serial());
        File.WriteAllText(Path.Combine(folder, "server.pem"), server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "server.key"), serverKey.ExportPkcs8PrivateKeyPem());
        return new TestCertificates(folder, ca);
    }

    /// <summary>A client certificate for <paramref name="clientId"/> from this CA (with its private key).</summary>
    public X509Certificate2 Client(string clientId) => Issue(_ca, clientId);

    /// <summary>A client certificate for <paramref name="clientId"/> from a CA the hall does not trust.</summary>
    public static X509Certificate2 FromStrangeAuthority(string clientId)
    {
        using var stranger = NewAuthority("CN=Not the hall's CA");
        return Issue(stranger, clientId);
    }

    /// <summary>An HTTP handler that trusts only this CA's server certificates and presents <paramref name="client"/>.</summary>
    public SocketsHttpHandler Handler(X509Certificate2? client = null)
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(_ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        };
        if (client is not null)
            handler.SslOptions.ClientCertificates = [client];
        return handler;
    }

    public void Dispose()
    {
        _ca.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A host still holds a file; the temp folder is cleared with the machine.
        }
    }

    private static X509Certificate2 NewAuthority(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string clientId)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={clientId}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2), Serial());
        // With its key, exported and loaded again: TLS on Linux wants a certificate whose key it can use.
        return X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12), null);
    }

    private static byte[] Serial() => Guid.NewGuid().ToByteArray()[..12];
}
