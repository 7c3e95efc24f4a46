# Records corrupt-dump-7.0.15.txt: runs the Redis suite's tests/integration/corrupt-dump.tcl against real
# redis-server binaries (a fresh one per start_server, on port 6382, logging at verbose into WORKDIR) with the
# suite's helpers replaced by recorders, and writes each command, its reply and each log check.
#   tclsh corrupt-dump-record.tcl SUITE_DIR OUT_FILE WORKDIR
# The tests that load RDB files from the suite's assets are left out (they need the suite's own server start).
lassign $argv suite outfile ::workdir
set out [open $outfile w]
fconfigure $out -translation lf
source $suite/tests/support/redis.tcl
set ::port 6382
set ::n 0
set ::accurate 0
proc hex {s} { binary scan $s H* h; return $h }
proc emit {line} { puts $::out $line }
proc tags {t code} { uplevel 1 $code }
proc test {name body} {
    if {[string match "*load corrupted rdb*" $name]} return
    emit "test $name"
    catch {uplevel 1 $body}
}
proc start_server {opts code} {
    incr ::n
    set ::log $::workdir/redis.$::n.log
    file delete $::log
    set args [list --port $::port --save "" --enable-debug-command yes --logfile $::log --dir $::workdir]
    foreach {k v} [lindex $opts 1] { lappend args --$k $v }
    set ::pid [exec redis-server {*}$args &]
    for {set i 0} {$i < 100} {incr i} {
        if {![catch {set ::r [redis 127.0.0.1 $::port]; $::r ping}]} break
        after 50
    }
    set ::dead 0
    catch {uplevel 1 $code}
    catch {exec kill -9 $::pid}
    after 100
}
proc r {args} {
    set h {}
    foreach a $args { lappend h [hex $a] }
    emit "call [join $h { }]"
    if {$::dead} { emit "reply dead"; error "dead" }
    if {[catch {$::r {*}$args} res]} {
        if {[catch {exec kill -0 $::pid}] || ![string match "*ERR*" $res]} {
            set ::dead 1
            emit "reply dead"
            error $res
        }
        emit "reply err [hex $res]"
        error $res
    }
    emit "reply ok [hex $res]"
    return $res
}
proc count_log_message {srv pattern} {
    after 50
    set c 0
    catch { set c [string trim [exec grep $pattern $::log | wc -l]] }
    emit "log [hex $pattern] $c"
    return $c
}
proc verify_log_message {srv pattern from} { count_log_message $srv [string trim $pattern *] }
proc assert_match {a b} {}
proc assert_equal {a b} {}
source $suite/tests/integration/corrupt-dump.tcl
close $out
