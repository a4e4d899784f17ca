package dev.rstat.cgroup.render;

/** Output formats of a report. */
public enum Format
{
    /** Human-readable: one row per cgroup, path indented by depth, aligned columns, human units unless raw. */
    TEXT,
    /** RFC 4180 CSV with {@code \n} record separators: header {@code id,path,depth,<columns...>}. */
    CSV,
    /** JSON Lines: one object per row, {@code {"id":..,"path":"..","depth":..,"<column>":<number>|"max"|null,...}}. */
    JSON
}
