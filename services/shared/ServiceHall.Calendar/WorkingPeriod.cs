namespace ServiceHall.Calendar;

/// <summary>A stretch of working time, start inclusive and end exclusive.</summary>
public readonly record struct WorkingPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End - Start;

    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;
}
