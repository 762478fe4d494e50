using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Globalization;

namespace ServiceHall.Discipline.Data.Configurations;

internal sealed class RectificationItemConfiguration : IEntityTypeConfiguration<RectificationItem>
{
    public void Configure(EntityTypeBuilder<RectificationItem> e)
    {
        e.ToTable("rectification_items");
        e.HasKey(i => i.ItemId);
        e.Property(i => i.UnitId).HasMaxLength(64);
        e.Property(i => i.Title).HasMaxLength(500);
        e.Property(i => i.Owner).HasMaxLength(64);
        e.Property(i => i.RaisedBy).HasMaxLength(128);
        e.Property(i => i.ClosingNote).HasMaxLength(1000);
        e.HasIndex(i => i.ClosedOn);
    }
}
