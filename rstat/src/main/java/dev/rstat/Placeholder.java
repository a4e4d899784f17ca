package dev.rstat;
final class Placeholder { private Placeholder() { } }
