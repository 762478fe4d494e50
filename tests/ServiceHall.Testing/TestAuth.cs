using Grpc.Core;
using ServiceHall.ServiceDefaults.Auth;

namespace ServiceHall.Testing;

/// <summary>A signing key for the test run (never the development key) and tokens signed with it.</summary>
public static class TestAuth
{
    public static string SigningKey { get; } = "test-" + Convert.ToHexString(Guid.NewGuid().ToByteArray()) +
                                               Convert.ToHexString(Guid.NewGuid().ToByteArray());

    public static string Token(string subject, params string[] roles) =>
        TokenIssuer.Issue(SigningKey, subject, roles, TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(1));

    public static Metadata Bearer(string subject, params string[] roles) =>
        new() { { "Authorization", "Bearer " + Token(subject, roles) } };
}
