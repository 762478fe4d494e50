namespace ServiceHall.Attendance.Domain;

/// <summary>The part of a workday a staff member is rostered for (轮班).</summary>
public enum Shift
{
    FullDay = 1,
    Morning = 2,
    Afternoon = 3,
}
