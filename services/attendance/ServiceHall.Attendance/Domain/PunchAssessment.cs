namespace ServiceHall.Attendance.Domain;

/// <summary>What a punch means: its hall-time workday and whether it was late (迟到) or early (早退), by how much.</summary>
public sealed record PunchAssessment(DateOnly WorkDate, bool Flagged, int Minutes)
{
    public static PunchAssessment OnTime(DateOnly workDate) => new(workDate, false, 0);
}
