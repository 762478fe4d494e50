using Microsoft.EntityFrameworkCore;
using ServiceHall.Calendar;
using ServiceHall.Complaints.Data;
using ServiceHall.Complaints.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Complaints.Application;

/// <summary>A9 figures of a period, for the weekly meeting brief and periodic evaluation.</summary>
public sealed class QualityReportDesk(ComplaintsDbContext db, WorkCalendar calendar)
{
    public async Task<(IReadOnlyList<SubjectFigures> Subjects, int Suggestions, int Answered)> FiguresAsync(
        DateOnly from, DateOnly to, FigureScope scope, string? subjectId, CancellationToken cancellationToken)
    {
        await using var snapshot = await db.Database.BeginReadSnapshotAsync(cancellationToken);
        var (start, end) = (calendar.At(from, TimeOnly.MinValue), calendar.At(to.AddDays(1), TimeOnly.MinValue));
        var reviews = await db.Reviews.AsNoTracking().Where(r => r.SubmittedAt >= start && r.SubmittedAt < end)
            .ToListAsync(cancellationToken);
        var complaints = await db.Complaints.AsNoTracking().Where(c => c.ReceivedAt >= start && c.ReceivedAt < end)
            .ToListAsync(cancellationToken);
        var units = await db.WindowUnits.AsNoTracking()
            .ToDictionaryAsync(w => w.WindowId, w => w.UnitId, StringComparer.Ordinal, cancellationToken);
        var subjects = QualityFigureCalculator.Compute(calendar, scope, reviews, complaints, units)
            .Where(s => subjectId is null || s.SubjectId == subjectId).ToList();
        var suggestions = await db.Suggestions.AsNoTracking().Where(s => s.SubmittedAt >= start && s.SubmittedAt < end)
            .Select(s => s.AnsweredAt).ToListAsync(cancellationToken);
        return (subjects, suggestions.Count, suggestions.Count(a => a is not null));
    }
}
