public enum SchedRuntimePlaceholder {}
