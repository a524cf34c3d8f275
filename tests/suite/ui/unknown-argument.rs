workflow_runtime::workflow!("../../../schemas/car.json", modul = car);

fn main() {}
