using System.Collections.Frozen;

namespace ServiceHall.Contracts;

/// <summary>
/// Which services consume which events: the suite's routing, in one place. The outbox relay publishes an event that has
/// consumers with RabbitMQ's mandatory flag, so an event that no queue receives yet (its consumer never started, its
/// bindings not declared) comes back and stays pending instead of vanishing; an event nobody consumes is published as
/// before. Every host checks at start-up that the consumers it registers are exactly the ones listed here for it, so
/// this list cannot drift from the code.
/// </summary>
public static class EventRoutes
{
    private static readonly FrozenDictionary<string, string[]> ConsumersByEvent = new Dictionary<string, string[]>
    {
        ["attendance.AttendanceFactWithdrawn"] = ["discipline"],
        ["attendance.ClientRegistered"] = ["cases", "complaints"],
        ["attendance.StaffAbsent"] = ["discipline"],
        ["attendance.StaffLate"] = ["discipline"],
        ["attendance.StaffLeftEarly"] = ["discipline"],
        ["attendance.StaffOffPost"] = ["discipline"],
        ["attendance.StaffRegistered"] = ["cases", "complaints", "discipline"],
        ["attendance.UnitRegistered"] = ["discipline"],
        ["attendance.WindowServiceItemsSet"] = ["cases", "complaints", "discipline"],
        ["cases.CaseAccepted"] = ["discipline"],
        ["cases.CaseCompleted"] = ["complaints", "discipline"],
        ["cases.CaseOverdue"] = ["discipline"],
        ["cases.OneTimeNoticeViolated"] = ["discipline"],
        ["cases.ServiceFinished"] = ["attendance", "complaints", "discipline"],
        ["cases.ServiceStarted"] = ["attendance"],
        ["cases.TicketTransferred"] = ["attendance"],
        ["cases.WindowPaused"] = ["attendance"],
        ["cases.WindowResumed"] = ["attendance"],
        ["complaints.ComplaintVerified"] = ["discipline"],
        ["complaints.ReviewExcluded"] = ["discipline"],
        ["complaints.ReviewSubmitted"] = ["discipline"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The services that consume an event (by its stable name, <see cref="EventTypes.NameOf"/>); empty: none.</summary>
    public static IReadOnlyList<string> ConsumersOf(string eventName) =>
        ConsumersByEvent.TryGetValue(eventName, out var services) ? services : [];

    /// <summary>The events a service consumes, by stable name.</summary>
    public static IReadOnlySet<string> ConsumedBy(string service) =>
        ConsumersByEvent.Where(e => e.Value.Contains(service, StringComparer.Ordinal)).Select(e => e.Key)
            .ToHashSet(StringComparer.Ordinal);
}
