package io.github.sqstasks.kotlin

import io.github.sqstasks.TaskContext
import io.github.sqstasks.annotation.SqsTask
import io.github.sqstasks.annotation.SqsTaskQueue
import java.util.concurrent.CopyOnWriteArrayList

/** A line of an order, bound from JSON as a Kotlin data class (with jackson-module-kotlin). */
data class Shipment(val sku: String, val quantity: Int = 1, val note: String? = null)

/** Kotlin handlers: nullable parameters, default values and data classes. */
@SqsTaskQueue("kotlin")
open class KotlinTasks {

    val seen = CopyOnWriteArrayList<String>()

    @SqsTask
    fun greet(name: String, title: String?, context: TaskContext) {
        seen.add("greet $name ${title ?: "-"}")
    }

    @SqsTask
    fun remind(to: String, text: String = "your order ships tomorrow", times: Int = 1): String {
        check(to != "boom") { "boom" }
        val line = "remind $to: $text x$times"
        seen.add(line)
        return line
    }

    @SqsTask
    fun ship(shipment: Shipment, more: List<Shipment> = emptyList()) {
        seen.add("ship $shipment $more")
    }

}
