namespace ServiceHall.Discipline.Domain;

/// <summary>The hall's calendar week, Monday to Sunday (R1.8 counts violations "within one week").</summary>
public static class HallWeek
{
    public static DateOnly StartOf(DateOnly date) =>
        date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
}
