using ServiceHall.Attendance.Domain;

namespace ServiceHall.Attendance.Tests;

public sealed class WindowStatusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(8));

    private static Window Window(bool signClosed = false) => new()
    {
        WindowId = "w-1", UnitId = "u1", Name = "n", StateChangedAt = T0,
        ClosedAt = signClosed ? T0 : null, ClosedReason = signClosed ? "系统升级" : null,
    };

    private static readonly WindowPost[] OnPost = [new() { WindowId = "w-1", StaffId = "s-1", Since = T0 }];

    [Fact]
    public void An_empty_window_is_unstaffed_in_service_hours_and_closed_outside()
    {
        var inHours = WindowStatus.From(Window(), [], null, serviceTime: true);
        var outside = WindowStatus.From(Window(), [], null, serviceTime: false);

        Assert.Equal(WindowLiveState.Unstaffed, inHours.State);
        Assert.Equal(WindowLiveState.Closed, outside.State);
        Assert.Equal(WindowLiveState.Unstaffed, outside.AsOf(serviceTime: true).State);
        Assert.Equal(WindowLiveState.Closed, inHours.AsOf(serviceTime: false).State);
    }

    [Fact]
    public void A_closed_sign_stays_closed_whatever_the_time_and_whoever_is_on_post()
    {
        var status = WindowStatus.From(Window(signClosed: true), OnPost, null, serviceTime: true);

        Assert.Equal((WindowLiveState.Closed, "系统升级"), (status.State, status.ClosedReason));
        Assert.Equal(WindowLiveState.Closed, status.AsOf(serviceTime: true).State);
    }

    [Fact]
    public void Staff_on_post_are_idle_serving_or_paused_by_the_window_activity()
    {
        var activity = new WindowActivity { WindowId = "w-1" };
        var idle = WindowStatus.From(Window(), OnPost, activity, true);
        activity.Started("t-1", T0.AddMinutes(1));
        var serving = WindowStatus.From(Window(), OnPost, activity, true);
        activity.Paused("午间轮换", T0.AddMinutes(2));
        var paused = WindowStatus.From(Window(), OnPost, activity, true);
        var pausedButEmpty = WindowStatus.From(Window(), [], activity, true);

        Assert.Equal(WindowLiveState.Open, idle.State);
        Assert.Equal((WindowLiveState.Serving, "t-1", T0.AddMinutes(1)), (serving.State, serving.ServingTicketId, serving.Since));
        Assert.Equal((WindowLiveState.Paused, "午间轮换", (string?)null), (paused.State, paused.PausedReason, paused.ServingTicketId));
        Assert.Equal(WindowLiveState.Unstaffed, pausedButEmpty.State);
        Assert.True(paused.DiffersFrom(serving));
        Assert.False(paused.DiffersFrom(paused with { StaffOnPost = ["s-1"] }));
    }

    [Fact]
    public void Activity_events_apply_in_order_of_occurrence_whatever_order_they_arrive_in()
    {
        var activity = new WindowActivity { WindowId = "w-1" };
        Assert.True(activity.Started("t-2", T0.AddMinutes(10)));
        Assert.False(activity.Finished("t-1", T0.AddMinutes(8))); // the ticket before, finished before t-2 started
        Assert.False(activity.Paused("late", T0.AddMinutes(5))); // older than what is applied
        Assert.Equal("t-2", activity.ServingTicketId);
        Assert.True(activity.Finished("t-2", T0.AddMinutes(12)));
        Assert.Null(activity.ServingTicketId);
        Assert.True(activity.Paused("休息", T0.AddMinutes(13)));
        Assert.True(activity.Resumed(T0.AddMinutes(14)));
        Assert.Null(activity.PausedReason);

        // After a broker restart: t-3 started and t-4 finished arrive, t-4's start and t-3's finish come later.
        Assert.True(activity.Started("t-3", T0.AddMinutes(20)));
        Assert.True(activity.Finished("t-4", T0.AddMinutes(31))); // the window was idle from 31 on, whatever it showed
        Assert.False(activity.Started("t-4", T0.AddMinutes(25)));
        Assert.False(activity.Finished("t-3", T0.AddMinutes(24)));
        Assert.Null(activity.ServingTicketId);
    }
}
