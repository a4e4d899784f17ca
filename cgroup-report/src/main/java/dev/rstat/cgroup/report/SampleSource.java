package dev.rstat.cgroup.report;

import java.util.List;

import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.ValueState;

/**
 * Where a {@link Sample}'s values come from: a {@link Sampler} (its mirror of the hierarchy, valid until its next
 * sample) or a {@link SampleBuilder} (values given by hand).
 */
interface SampleSource
{
    /**
     * @return the columns.
     */
    Columns columns();

    /**
     * @return the fields in display order.
     */
    List<Field> fields();

    /**
     * @return the number of the latest sample; a sample of another number is superseded.
     */
    long walk();

    /**
     * @return the node below which the hierarchy roots are.
     */
    Node top();

    /**
     * @param id a cgroup id.
     * @return its node, or null.
     */
    Node findId(long id);

    /**
     * @return the hierarchy's root directory, for messages.
     */
    String root();

    /**
     * @param node  a node.
     * @param field a field.
     * @return the node's state of the field.
     */
    ValueState state(Node node, Field field);

    /**
     * @param node  a node.
     * @param field a field.
     * @return the node's number of the field, 0 unless NUMBER.
     */
    long value(Node node, Field field);

    /**
     * @param node  a node.
     * @param field a field.
     * @return the node's text of the field, or null.
     */
    default String text(final Node node, final Field field)
    {
        return field.derivation() == Derivation.RAW ? node.values.text(field.column()) : null;
    }
}
