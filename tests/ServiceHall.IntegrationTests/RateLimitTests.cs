using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Cases.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// Per-caller rate limits (<c>ServiceHall:RateLimits</c>): applicant look-ups are limited hard enough that enumerating
/// ID numbers is impractical, and any caller who calls too fast is slowed; one call more is RESOURCE_EXHAUSTED with
/// when to try again, and other callers are not affected. Small limits here, so the test makes few calls.
/// </summary>
public sealed class RateLimitTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(HallFixture.Now.ToUniversalTime());
    private ServiceApp _cases = null!;

    public async ValueTask InitializeAsync() =>
        _cases = await ServiceApp.StartCasesAsync(await infra.ScopeAsync("ratelimit"), _time, settings: new Dictionary<string, string?>
        {
            ["ServiceHall:RateLimits:PerMinute:FindCasesByApplicant"] = "3",
            ["ServiceHall:RateLimits:PerCallerPerSecond"] = "1",
            ["ServiceHall:RateLimits:PerCallerBurst"] = "5",
        });

    public async ValueTask DisposeAsync() => await _cases.DisposeAsync();

    private CasesService.CasesServiceClient Client => new(_cases.Channel);

    private static async Task<RpcException?> RefusalOf(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            return e;
        }
    }

    [Fact]
    public async Task Applicant_look_ups_beyond_the_limit_are_resource_exhausted_with_a_retry_time_for_that_caller_only()
    {
        var office = TestAuth.Bearer("office-look-1", Roles.Office);
        var other = TestAuth.Bearer("office-look-2", Roles.Office);
        Task Find(Metadata who, int n) => Client.FindCasesByApplicantAsync(
            new FindCasesByApplicantRequest { IdNumber = $"11010519491231{n:D4}" }, who).ResponseAsync;

        var allowed = new List<RpcException?>();
        for (var n = 0; n < 3; n++)
            allowed.Add(await RefusalOf(() => Find(office, n)));
        var fourth = await RefusalOf(() => Find(office, 3));
        var otherCaller = await RefusalOf(() => Find(other, 4));

        Assert.All(allowed, Assert.Null);
        Assert.NotNull(fourth);
        Assert.True(fourth.GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan() > TimeSpan.Zero);
        Assert.Null(otherCaller);
    }

    [Fact]
    public async Task A_caller_who_calls_faster_than_the_limit_is_slowed_and_the_calls_allowed_are_answered()
    {
        var fast = TestAuth.Bearer("kiosk-fast", Roles.System);
        var codes = new List<StatusCode>();
        for (var i = 0; i < 12; i++)
        {
            try
            {
                await Client.GetCaseAsync(new GetCaseRequest { CaseId = $"no-such-case-{i}" }, fast);
                codes.Add(StatusCode.OK);
            }
            catch (RpcException e)
            {
                codes.Add(e.StatusCode);
            }
        }

        Assert.All(codes.Take(5), code => Assert.Equal(StatusCode.NotFound, code)); // the burst: answered
        Assert.Contains(StatusCode.ResourceExhausted, codes);
    }
}
