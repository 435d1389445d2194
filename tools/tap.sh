# tap.sh: sourced by the shell TAP tests under test/. check DESCRIPTION OK
# DETAIL prints the next "ok N - DESCRIPTION" when OK is 0, else "not ok N"
# and the detail as a TAP comment.
n=0
check() {
    n=$((n + 1))
    if [ "$2" = 0 ]; then echo "ok $n - $1"; else echo "not ok $n - $1"; echo "#   $3"; fi
}
