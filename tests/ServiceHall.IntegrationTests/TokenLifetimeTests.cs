using Grpc.Core;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// Tokens have a maximum lifetime (issue 15): a person's at most Auth:MaxPersonTokenLifetime (12 h), a machine's
/// Auth:MaxMachineTokenLifetime (24 h), from issue to expiry; a longer-lived one is UNAUTHENTICATED however well signed.
/// </summary>
public sealed class TokenLifetimeTests(HallFixture hall) : IClassFixture<HallFixture>
{
    private AttendanceService.AttendanceServiceClient Client => new(hall.Attendance.Channel);

    private Task<StatusCode> CallAsync(string token) => AccessFixture.CodeOf(() => Client.GetOrganisationAsync(
        new GetOrganisationRequest(), new Metadata { { "Authorization", "Bearer " + token } }).ResponseAsync);

    [Fact]
    public async Task A_token_issued_for_longer_than_its_kind_may_live_is_refused()
    {
        var now = TimeProvider.System.GetUtcNow();
        var person12 = await CallAsync(TokenIssuer.Issue(TestAuth.SigningKey, "office-1", [Roles.Office], now, TimeSpan.FromHours(12)));
        var person13 = await CallAsync(TokenIssuer.Issue(TestAuth.SigningKey, "office-1", [Roles.Office], now, TimeSpan.FromHours(13)));
        var person30Days = await CallAsync(TokenIssuer.Issue(TestAuth.SigningKey, "office-1", [Roles.Office], now, TimeSpan.FromDays(30)));
        var system24 = await CallAsync(TokenIssuer.Issue(TestAuth.SigningKey, "reader-1", [Roles.System], now, TimeSpan.FromHours(24)));
        var system25 = await CallAsync(TokenIssuer.Issue(TestAuth.SigningKey, "reader-1", [Roles.System], now, TimeSpan.FromHours(25)));

        Assert.Equal((StatusCode.OK, StatusCode.Unauthenticated, StatusCode.Unauthenticated), (person12, person13, person30Days));
        Assert.Equal((StatusCode.OK, StatusCode.Unauthenticated), (system24, system25));
    }
}
