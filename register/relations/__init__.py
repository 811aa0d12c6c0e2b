"""What the body does with organisations: the griffie imports subsidies, contracts and permits (issue 16 item 4)."""
