package com.edgeautopilot.failover.handler;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Response records to the plain maps and lists the layer's JSON writer serializes (component order kept). */
final class Responses {

    private Responses() {
    }

    static Object toJson(Object value) {
        if (value instanceof Record record) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    out.put(component.getName(), toJson(component.getAccessor().invoke(record)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass().getSimpleName(), e);
                }
            }
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(toJson(item)));
            return out;
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        return value;
    }
}
