namespace ServiceHall.Contracts.Discipline;

/// <summary>巡查: an inspection was recorded with its findings (the staff members named, by id).</summary>
public sealed record InspectionRecorded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string HallId,
    string InspectionId,
    string Kind,
    string InspectorId,
    int Findings,
    IReadOnlyList<string> StaffIds) : IIntegrationEvent;
