using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Globalization;

namespace ServiceHall.Discipline.Data.Configurations;

internal sealed class DirectoryEntryConfiguration : IEntityTypeConfiguration<DirectoryEntry>
{
    public void Configure(EntityTypeBuilder<DirectoryEntry> e)
    {
        e.ToTable("directory_entries");
        e.HasKey(d => new { d.Kind, d.Id });
        e.Property(d => d.Id).HasMaxLength(64);
        e.Property(d => d.Name).HasMaxLength(200);
        e.Property(d => d.UnitId).HasMaxLength(64);
        e.Property(d => d.Roles).HasJsonListConversion().HasMaxLength(500);
        e.HasIndex(d => d.UnitId);
    }
}
