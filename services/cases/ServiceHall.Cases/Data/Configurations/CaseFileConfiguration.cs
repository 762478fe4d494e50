using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Cases.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Text.Json;

namespace ServiceHall.Cases.Data.Configurations;

internal sealed class CaseFileConfiguration : IEntityTypeConfiguration<CaseFile>
{
    public void Configure(EntityTypeBuilder<CaseFile> e)
    {
        e.ToTable("cases");
        e.HasKey(c => c.CaseId);
        e.Property(c => c.CaseId).HasMaxLength(64);
        e.Property(c => c.RequestId).HasMaxLength(64);
        e.HasIndex(c => c.RequestId).IsUnique();
        e.Property(c => c.CaseNumber).HasMaxLength(32);
        e.HasIndex(c => c.CaseNumber).IsUnique();
        e.Property(c => c.ItemId).HasMaxLength(64);
        e.Property(c => c.TicketId).HasMaxLength(64);
        e.Property(c => c.ResponsibleStaffId).HasMaxLength(64);
        e.Property(c => c.ReceivedBy).HasMaxLength(64);
        e.Property(c => c.AgentStaffId).HasMaxLength(64);
        e.Property(c => c.TraceParent).HasMaxLength(128);
        e.Property(c => c.ApplicantIdLookup).HasMaxLength(64);
        e.HasIndex(c => c.ApplicantIdLookup);
        e.HasIndex(c => new { c.Status, c.DueAt });
        e.HasIndex(c => new { c.Status, c.ReceivedAt });
        e.HasIndex(c => new { c.ItemId, c.ReceivedAt });
        e.Property(c => c.SubmittedMaterialIds).HasJsonListConversion();
        e.Property(c => c.RequiredAtFirstCheck).HasConversion(
                v => v == null ? null : JsonSerializer.Serialize(v, CaseJson.Json),
                v => v == null ? null : JsonSerializer.Deserialize<List<string>>(v, CaseJson.Json),
                new ValueComparer<IReadOnlyList<string>?>(
                    (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
                    v => v == null ? 0 : v.Count,
                    v => v == null ? null : v.ToList()))
            .HasColumnType("text");
        CaseJson.ClockJson(e.Property(c => c.Clock));
        e.Property(c => c.Revision).IsConcurrencyToken();
        e.Property(x => x.SubmittedBy).HasMaxLength(200);
    }
}
