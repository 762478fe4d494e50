namespace ServiceHall.Attendance.Application;

/// <summary>What a punch answered: its day's record, and late (clock-in) or early (clock-out) with minutes.</summary>
public sealed record PunchResult(Guid RecordId, bool Flagged, int Minutes);
